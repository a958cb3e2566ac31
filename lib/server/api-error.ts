// The HTTP API's one error vocabulary (DESIGN.md §2.3): a route handler throws an ApiError, or lets
// a known lib error through, and withRoute answers `{"error": message}` with the status. Handlers
// never build error JSON themselves.

export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    /** HTTP status of the response (4xx for the caller's mistakes). */
    readonly status: number,
    /** The response's `error`: one line, naming the parameter or the thing that is missing. */
    message: string,
    /** Sent as `details` beside `error` when given (JSON-serialisable). */
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** 400 `"<parameter>: <problem>"`, the form every validation message of the API has. */
  static badRequest(parameter: string, problem: string): ApiError {
    return new ApiError(400, `${parameter}: ${problem}`);
  }

  static notFound(message: string): ApiError {
    return new ApiError(404, message);
  }
}
