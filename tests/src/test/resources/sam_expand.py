"""Expands a SAM template into plain CloudFormation JSON on stdout, offline.

Uses cfn-lint's decoder (which understands the short-form intrinsic tags) and its wrapper around the SAM
translator (which carries AWS's managed-policy map, so no IAM call is made). Exit 2 with the reasons on stderr
when the template does not decode or transform.
"""
import json
import sys

from cfnlint.decode import decode
from cfnlint.template.transforms._sam import Transform


def main(path, region):
    template, matches = decode(path)
    if matches:
        for match in matches:
            print(f"decode: {match}", file=sys.stderr)
        return 2
    transform = Transform(path, template, region)
    problems = transform.transform_template()
    if problems:
        for match in problems:
            print(f"transform: {match}", file=sys.stderr)
        return 2
    json.dump(transform.template(), sys.stdout, indent=1, sort_keys=True, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "us-east-1"))
