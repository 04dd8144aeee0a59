// The serverless API composition written with real cdktf 0.21 (JavaScript), for bench/run.sh.
//
// It builds the same stack as bench/scale.cc (`stackgen-scale`): N copies of a secret (with a
// version fed by an ephemeral variable), a python3.12 Lambda function with its log group, role
// and inline policy, an HTTP API (integration, two AWS_IAM routes, stage with access logs,
// Lambda permission) and an invoker policy; 14 resources per copy, in one stack.
//
// Usage: node main.js [--copies N] [--assets shared|per-copy] [--outdir DIR]
//   --copies  copies of the composition (default: $STACKGEN_BENCH_COPIES, else 1)
//   --assets  one handler archive for all copies, or one per copy (default: per-copy)
//   --outdir  where cdktf writes (default: cdktf.out beside this file)
"use strict";

const path = require("path");
const { App, AssetType, Fn, TerraformAsset, TerraformOutput, TerraformStack, TerraformVariable } =
  require("cdktf");
const { Construct } = require("constructs");
const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");
const { Apigatewayv2Api } = require("@cdktf/provider-aws/lib/apigatewayv2-api");
const { Apigatewayv2Integration } = require("@cdktf/provider-aws/lib/apigatewayv2-integration");
const { Apigatewayv2Route } = require("@cdktf/provider-aws/lib/apigatewayv2-route");
const { Apigatewayv2Stage } = require("@cdktf/provider-aws/lib/apigatewayv2-stage");
const { CloudwatchLogGroup } = require("@cdktf/provider-aws/lib/cloudwatch-log-group");
const { IamPolicy } = require("@cdktf/provider-aws/lib/iam-policy");
const { IamRole } = require("@cdktf/provider-aws/lib/iam-role");
const { IamRolePolicy } = require("@cdktf/provider-aws/lib/iam-role-policy");
const { LambdaFunction } = require("@cdktf/provider-aws/lib/lambda-function");
const { LambdaPermission } = require("@cdktf/provider-aws/lib/lambda-permission");
const { SecretsmanagerSecret } = require("@cdktf/provider-aws/lib/secretsmanager-secret");
const { SecretsmanagerSecretVersion } =
  require("@cdktf/provider-aws/lib/secretsmanager-secret-version");

const HANDLER_DIR = path.resolve(__dirname, "..", "..", "lambda", "src");
const ACCESS_LOG_FORMAT = JSON.stringify({
  httpMethod: "$context.httpMethod",
  integrationErrorMessage: "$context.integrationErrorMessage",
  ip: "$context.identity.sourceIp",
  protocol: "$context.protocol",
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  responseLength: "$context.responseLength",
  routeKey: "$context.routeKey",
  status: "$context.status",
  userArn: "$context.identity.userArn",
});

function parseArgs(argv) {
  const options = {
    copies: Number(process.env.STACKGEN_BENCH_COPIES || 1),
    assets: "per-copy",
    outdir: path.join(__dirname, "cdktf.out"),
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === "--copies") options.copies = Number(value);
    else if (flag === "--assets") options.assets = value;
    else if (flag === "--outdir") options.outdir = path.resolve(value);
    else throw new Error(`main.js: unknown option "${flag}"; use --copies, --assets, --outdir`);
  }
  if (!Number.isInteger(options.copies) || options.copies < 1) {
    throw new Error(`main.js: --copies "${options.copies}" must be a whole number >= 1`);
  }
  if (options.assets !== "shared" && options.assets !== "per-copy") {
    throw new Error(`main.js: --assets "${options.assets}" must be shared or per-copy`);
  }
  return options;
}

function handlerAsset(scope) {
  return new TerraformAsset(scope, "code", { path: HANDLER_DIR, type: AssetType.ARCHIVE });
}

// One copy of the serverless API: what aws::Secret, aws::Function, aws::HttpApi and
// aws::ManagedPolicy create in stackgen.
class ServerlessApiCopy extends Construct {
  constructor(stack, id, { prefix, asset }) {
    super(stack, id);
    const tfName = prefix.replace(/-/g, "_");
    const variableName = `${tfName}_secret_value`;

    // Secret, and its initial value through a write-only argument fed by an ephemeral variable.
    const secret = new SecretsmanagerSecret(this, "secret", {
      name: `${prefix}/config`,
      description: `Configuration of ${prefix} (JSON)`,
      recoveryWindowInDays: 30,
    });
    const value = new TerraformVariable(stack, variableName, {
      type: "string",
      description: `Initial value of secret ${prefix}/config`,
      sensitive: true,
      nullable: false,
    });
    value.addOverride("ephemeral", true);
    new SecretsmanagerSecretVersion(this, "version", {
      secretId: secret.id,
      secretStringWo: value.stringValue,
      secretStringWoVersion: 1,
    });

    // Function: log group, role trusted by Lambda only, inline least-privilege policy.
    const functionName = `${prefix}-handler`;
    const logGroup = new CloudwatchLogGroup(this, "logs", {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: 30,
    });
    const role = new IamRole(this, "role", {
      name: `${functionName}-role`,
      description: `Execution role of Lambda function ${functionName}`,
      assumeRolePolicy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [{ Action: "sts:AssumeRole", Effect: "Allow",
                      Principal: { Service: "lambda.amazonaws.com" } }],
      }),
    });
    const rolePolicy = new IamRolePolicy(this, "policy", {
      name: `${functionName}-policy`,
      role: role.name,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          { Sid: "WriteOwnLogs", Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: [`${logGroup.arn}:log-stream:*`] },
          { Sid: "XRayTracing", Effect: "Allow",
            Action: ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], Resource: ["*"] },
          { Sid: "ReadSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"],
            Resource: [secret.arn] },
        ],
      }),
    });
    const code = asset || handlerAsset(this);
    const fn = new LambdaFunction(this, "function", {
      functionName,
      role: role.arn,
      description: `HTTP API handler of ${prefix}`,
      handler: "handler.lambda_handler",
      runtime: "python3.12",
      architectures: ["x86_64"],
      filename: code.path,
      sourceCodeHash: code.assetHash,
      memorySize: 256,
      timeout: 10,
      environment: {
        variables: { CONFIG_CACHE_TTL_SECONDS: "300", CONFIG_SECRET_ARN: secret.arn,
                     LOG_LEVEL: "INFO" },
      },
      tracingConfig: { mode: "Active" },
      dependsOn: [logGroup, rolePolicy],
    });

    // HTTP API: AWS_PROXY integration, AWS_IAM routes, stage with access logs, permission.
    const apiName = `${prefix}-api`;
    const accessLogs = new CloudwatchLogGroup(this, "access-logs", {
      name: `/aws/apigateway/${apiName}`,
      retentionInDays: 30,
    });
    const api = new Apigatewayv2Api(this, "api", {
      name: apiName,
      description: `IAM-authorized HTTP API of ${prefix}`,
      protocolType: "HTTP",
    });
    const integration = new Apigatewayv2Integration(this, "integration", {
      apiId: api.id,
      integrationType: "AWS_PROXY",
      integrationMethod: "POST",
      integrationUri: fn.invokeArn,
      payloadFormatVersion: "2.0",
    });
    const routes = ["ANY /", "ANY /{proxy+}"].map((routeKey, i) =>
      new Apigatewayv2Route(this, `route-${i}`, {
        apiId: api.id,
        routeKey,
        authorizationType: "AWS_IAM",
        target: `integrations/${integration.id}`,
      }));
    const stage = new Apigatewayv2Stage(this, "stage", {
      apiId: api.id,
      name: "$default",
      autoDeploy: true,
      accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
      defaultRouteSettings: { throttlingBurstLimit: 100, throttlingRateLimit: 50 },
      dependsOn: routes,
    });
    new LambdaPermission(this, "permission", {
      action: "lambda:InvokeFunction",
      functionName: fn.functionName,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${api.executionArn}/*/*`,
    });

    // Invoker policy: execute-api:Invoke on this API's routes only.
    const invoker = new IamPolicy(this, "invoker", {
      name: `${prefix}-invoke-api`,
      description: `Allows calling every route of ${apiName}`,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [{ Sid: "InvokeApi", Effect: "Allow", Action: ["execute-api:Invoke"],
                      Resource: [`${api.executionArn}/$default/*/`,
                                 `${api.executionArn}/$default/*/*`] }],
      }),
    });

    // The same outputs as ServerlessApiStack, prefixed per copy.
    const outputs = [
      ["api_endpoint", api.apiEndpoint, "Default endpoint"],
      ["invoke_url", stage.invokeUrl, "URL of the API stage"],
      ["function_name", fn.functionName, "Function name"],
      ["function_arn", fn.arn, "Function ARN"],
      ["secret_arn", secret.arn, "Configuration secret ARN"],
      ["invoker_policy_arn", invoker.arn, "Invoker policy ARN"],
      ["function_log_group_name", logGroup.name, "Log group of the function"],
      ["access_log_group_name", accessLogs.name, "Log group of the access logs"],
    ];
    for (const [name, value, description] of outputs) {
      new TerraformOutput(stack, `${tfName}_${name}`, { value, description });
    }
  }
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const app = new App({ outdir: options.outdir });
  const stack = new TerraformStack(app, "scale");
  stack.addOverride("terraform.required_version", ">= 1.11");
  new AwsProvider(stack, "aws", {
    region: "us-east-1",
    defaultTags: [{ tags: { application: "scale", environment: "bench", "managed-by": "cdktf" } }],
  });
  const shared = options.assets === "shared" ? handlerAsset(stack) : undefined;
  for (let i = 0; i < options.copies; ++i) {
    const prefix = `scale-${String(i).padStart(4, "0")}`;
    new ServerlessApiCopy(stack, prefix, { prefix, asset: shared });
  }
  app.synth();
}

main();
