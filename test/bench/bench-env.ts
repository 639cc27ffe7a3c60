// Imported first by main.ts, before anything that reads these at load time (Powertools, SDK):
// benches print one JSON object on stdout, so logs and EMF metrics stay off.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
