// Imported first by main.ts: the AWS SDK warns about Node 20 at load time, in every process.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
