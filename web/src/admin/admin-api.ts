/** The admin API as the editor modules call it: the operator's token and name on every call. */
const token = () => sessionStorage.getItem("zct-admin-token") ?? "";
const user = () => sessionStorage.getItem("zct-admin-user") ?? "";
export const authHeaders = (): Record<string, string> => ({ Authorization: `Bearer ${token()}`, "X-Admin-User": encodeURIComponent(user()) });
export const hasToken = (): boolean => token() !== "";

export class ApiError extends Error {
  constructor(message: string, readonly details: string[]) {
    super(message);
  }
}

export async function adminApi<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, { ...init, headers: { ...authHeaders(), ...(init.body ? { "Content-Type": "application/json" } : {}), ...(init.headers as Record<string, string> | undefined) } });
  const body = (await res.json().catch(() => ({}))) as T & { error?: { message: string; details?: string[] } };
  if (!res.ok) throw new ApiError(body.error?.message ?? `请求失败（${res.status}）`, body.error?.details ?? []);
  return body;
}
