import Hummingbird

/// Every 503 tells the client when to try again: a full spool or disk recovers without a restart,
/// and a provider that honours `Retry-After` comes back instead of hammering.
struct RetryAfterMiddleware<Context: RequestContext>: RouterMiddleware {
    let seconds: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            var response = try await next(request, context)
            if response.status == .serviceUnavailable, response.headers[.retryAfter] == nil {
                response.headers[.retryAfter] = String(seconds)
            }
            return response
        } catch var error as HTTPError where error.status == .serviceUnavailable {
            if error.headers[.retryAfter] == nil { error.headers[.retryAfter] = String(seconds) }
            throw error
        }
    }
}
