// lib/server: what the route handlers in app/api share (DESIGN.md §1).
export { ApiError } from './api-error.ts';
export { errorResponse, INTERNAL_ERROR_MESSAGE, storeOutage, storeUnavailableReason, type ErrorBody } from './error-response.ts';
export { queryInput, repeatedAsCommaList, repeatedTakesFirst, type QueryInput } from './query-input.ts';
export { arnParam, runIndexParam } from './route-params.ts';
export { streamedJsonResponse, withRoute, type RouteContext, type RouteHandler, type RouteInput, type RouteSchemas } from './with-route.ts';
