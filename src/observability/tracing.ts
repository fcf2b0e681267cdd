import { trace, type Tracer } from "@opentelemetry/api";

/** The instrumentation scope of this service's spans. */
export const TRACER_NAME = "profile-federation-subgraph";

/**
 * The tracer of the globally registered OpenTelemetry SDK. Without one (the default: no SDK is loaded unless an
 * operator preloads it, see the README's Tracing section) every span is a no-op and costs next to nothing.
 */
export const tracer = (): Tracer => trace.getTracer(TRACER_NAME);

/**
 * Hands the spans still buffered by the registered SDK (if any) to its exporter, waiting at most `timeoutMs`: the
 * entry point calls it before the process exits, so the last seconds of spans are not lost.
 */
export async function flushSpans(timeoutMs = 2000): Promise<void> {
  const provider = trace.getTracerProvider() as { getDelegate?: () => unknown };
  const delegate = provider.getDelegate?.() as { forceFlush?: () => Promise<void> } | undefined;
  if (!delegate?.forceFlush) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    delegate.forceFlush().catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ]);
  clearTimeout(timer);
}
