"""bench/cold-start.sh's local AWS: resources on a moto server, and a CodeDeploy stub for what moto lacks.

  python3 local_aws.py setup ENDPOINT SPEC_FILE   creates the stack's resources on moto, prints KEY=VALUE lines
  python3 local_aws.py codedeploy PORT            serves GetDeployment, PutLifecycleEventHookExecutionStatus and
                                                  StopDeployment on 127.0.0.1:PORT (moto 5.2.1 answers HTTP 500)
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

APPLICATION = "cutover-orders"
GROUP = "cutover-orders-group"


def setup(endpoint, spec_file):
    import boto3

    def client(name):
        return boto3.client(name, endpoint_url=endpoint, region_name="us-east-1",
                            aws_access_key_id="test", aws_secret_access_key="test")

    ec2, elb = client("ec2"), client("elbv2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"us-east-1{z}")
               ["Subnet"]["SubnetId"] for i, z in ((1, "a"), (2, "b"))]
    lb = elb.create_load_balancer(Name="orders", Subnets=subnets)["LoadBalancers"][0]["LoadBalancerArn"]
    blue, green = (elb.create_target_group(Name=f"orders-{c}", Protocol="HTTP", Port=8080, VpcId=vpc,
                                           TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
                   for c in ("blue", "green"))
    def listener(port, weights):
        return elb.create_listener(
            LoadBalancerArn=lb, Protocol="HTTP", Port=port,
            DefaultActions=[{"Type": "forward", "ForwardConfig": {"TargetGroups": [
                {"TargetGroupArn": blue, "Weight": weights[0]},
                {"TargetGroupArn": green, "Weight": weights[1]}]}}])["Listeners"][0]["ListenerArn"]
    production, test = listener(80, (100, 0)), listener(8443, (0, 100))

    topic = client("sns").create_topic(Name="cutover-orders")["TopicArn"]
    client("dynamodb").create_table(
        TableName="cutover-ledger", BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "service", "startedAt")],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        GlobalSecondaryIndexes=[{"IndexName": "ServiceStartedAt", "Projection": {"ProjectionType": "ALL"},
                                 "KeySchema": [{"AttributeName": "service", "KeyType": "HASH"},
                                               {"AttributeName": "startedAt", "KeyType": "RANGE"}]}])
    machine = client("stepfunctions").create_state_machine(
        name="cutover-orders", roleArn="arn:aws:iam::123456789012:role/cutover-workflow",
        definition=json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}))["stateMachineArn"]
    client("cloudwatch").put_metric_alarm(
        AlarmName="orders-green-5xx", MetricName="HTTPCode_Target_5XX_Count", Namespace="AWS/ApplicationELB",
        Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanThreshold")

    with open(spec_file) as f:
        spec = f.read()
    spec = (spec.replace("${PRODUCTION_LISTENER}", production).replace("${TEST_LISTENER}", test)
            .replace("${BLUE}", blue).replace("${GREEN}", green))
    ssm = client("ssm")
    for _ in range(3):  # the samples pin version 3 (/cutover/orders/spec:3)
        ssm.put_parameter(Name="/cutover/orders/spec", Type="String", Value=spec, Overwrite=True)
    for key, value in (("PRODUCTION_LISTENER", production), ("TEST_LISTENER", test), ("BLUE", blue),
                       ("GREEN", green), ("TOPIC", topic), ("STATE_MACHINE", machine)):
        print(f"{key}={value}")


class CodeDeploy(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        action = self.headers.get("X-Amz-Target", "").split(".")[-1]
        if action == "GetDeployment":
            answer = {"deploymentInfo": {"deploymentId": body.get("deploymentId"), "applicationName": APPLICATION,
                                         "deploymentGroupName": GROUP, "status": "InProgress"}}
        elif action == "PutLifecycleEventHookExecutionStatus":
            answer = {"lifecycleEventHookExecutionId": body.get("lifecycleEventHookExecutionId")}
        elif action == "StopDeployment":
            answer = {"status": "Pending", "statusMessage": "stopping"}
        else:
            self.send_error(400, f"the stub does not serve {action}")
            return
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "codedeploy":
        ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), CodeDeploy).serve_forever()
    else:
        sys.exit(f"unknown command {sys.argv[1]}")
