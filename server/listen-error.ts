/**
 * The port could not be opened. A user who starts a second server on a busy
 * port gets one Chinese sentence saying what to do and a distinct exit code,
 * not Node's English EADDRINUSE stack.
 */
export class ListenError extends Error {
  /** 98: Linux's errno for EADDRINUSE, so scripts can tell "port in use" from other start failures (1). */
  static readonly PORT_IN_USE = 98;
  /** 77: permission denied (a port below 1024 without the right to bind it). */
  static readonly NO_PERMISSION = 77;

  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = "ListenError";
  }
}

/** A Chinese explanation of a failed listen, or undefined for errors that are not about the address. */
export function listenError(err: NodeJS.ErrnoException, host: string, port: number): ListenError | undefined {
  const where = `${host}:${port}`;
  switch (err.code) {
    case "EADDRINUSE":
      return new ListenError(
        `端口 ${port} 已被占用（${where}）：可能已有一个政策通或其他程序在运行。换一个端口（如 PORT=${port + 1} npm start），或用 npm run reload -- --port ${port} 让已运行的政策通重新加载索引。`,
        ListenError.PORT_IN_USE,
      );
    case "EACCES":
      return new ListenError(`没有权限监听端口 ${port}（${where}）：1024 以下的端口需要特权，请换一个端口（如 PORT=8787）。`, ListenError.NO_PERMISSION);
    case "EADDRNOTAVAIL":
      return new ListenError(`本机没有地址 ${host}，无法监听 ${where}：请检查 HOST（如 HOST=127.0.0.1 或 HOST=0.0.0.0）。`, 1);
    default:
      return undefined;
  }
}
