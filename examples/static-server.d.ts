export interface StaticServer {
  /** http://host:port/ */
  url: string;
  /** Every path asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

export function serveStatic(options: {
  routes: Record<string, string>;
  host?: string;
  port?: number;
  /** The Content-Type of .wasm files; null sends none. Default application/wasm. */
  wasmType?: string | null;
  headers?: Record<string, string>;
}): Promise<StaticServer>;
