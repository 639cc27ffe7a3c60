import { resolve } from 'node:path';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '../manifest';
import { lambdaContext } from './lambda-context';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export class FunctionTimeoutError extends Error {
  constructor(functionName: string, seconds: number) {
    super(`${functionName} timed out after ${seconds} s`);
    this.name = 'FunctionTimeoutError';
  }
}

/**
 * Runs the manifest's handlers in this process, as Lambda would: the module is loaded once
 * (cold start) and each call gets a fresh context and the function's timeout.
 */
export class Invoker {
  private readonly loaded = new Map<string, Promise<Handler>>();

  constructor(private readonly rootDir: string) {}

  async invoke(fn: FunctionSpec, event: unknown): Promise<unknown> {
    const handler = await this.load(fn);
    const timeoutSeconds = fn.timeoutSeconds ?? 10;
    const context = lambdaContext(fn.name, timeoutSeconds, fn.memoryMb ?? 512);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new FunctionTimeoutError(fn.name, timeoutSeconds)),
        timeoutSeconds * 1000,
      );
    });
    try {
      return await Promise.race([handler(event, context), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private load(fn: FunctionSpec): Promise<Handler> {
    let pending = this.loaded.get(fn.entry);
    if (!pending) {
      pending = import(resolve(this.rootDir, fn.entry)).then((mod: { handler?: unknown }) => {
        if (typeof mod.handler !== 'function') throw new Error(`${fn.entry} does not export a handler`);
        return mod.handler as Handler;
      });
      this.loaded.set(fn.entry, pending);
    }
    return pending;
  }
}
