/**
 * Builds a value on first use and keeps it for the container's life, as Lambda reuses it; a
 * build that fails (Secrets Manager down at cold start) is forgotten, so the next call tries
 * again instead of failing every request of the container.
 * @example export const connectDeps = oncePerContainer(build);
 */
export function oncePerContainer<T>(build: () => Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () => {
    built ??= build().catch((err: unknown) => {
      built = undefined;
      throw err;
    });
    return built;
  };
}
