"""The benchmark sections' note on a busy machine, from the machine line bench/lib/net.sh's machine_line prints."""
import re


def busy_note(machine):
    cores = re.match(r"(\d+) cores", machine)
    load = re.search(r"load average ([\d.]+)", machine)
    if not cores or not load or float(load.group(1)) <= int(cores.group(1)):
        return ""
    return (f"Note: the machine was busy (load average {load.group(1)} on {cores.group(1)} cores at start: other work "
            "ran alongside), so the figures understate what it can do and ratios between peers are noisy.")
