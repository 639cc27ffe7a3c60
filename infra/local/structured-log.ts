/** Where the local stand-ins write their structured lines; never given secret values. */
export type StructuredLog = (line: Record<string, unknown>) => void;

/** One JSON object per line on stderr, the default for the local runtime. */
export const stderrLog: StructuredLog = (line) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...line })}\n`);
};
