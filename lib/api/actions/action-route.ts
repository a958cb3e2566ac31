// The three action routes (POST /api/executions/{arn}/stop | redrive | start-again, DESIGN.md
// §2.7) and GET …/actions share this: who is asking (withRoute), whether the request could be
// forged (lib/server csrf), then lib/actions, which checks the rest, calls AWS and writes the
// audit row. The answer's status is runAction's (404 actions off or unknown, 403 refused, 409 not
// eligible …). With STEPLENS_ACTIONS off, GET …/actions answers 404 too: the feature's routes are
// as if they did not exist (the POSTs still write their refused audit row: someone tried).
import { z } from 'zod';
import { ACTIONS_OFF, actionAvailability, actionsEnabled, runAction } from '../../actions/index.ts';
import { redriveBodySchema, startAgainBodySchema, stopBodySchema, type AuditAction } from '../../schemas/audit.ts';
import { ApiError, arnParam, withRoute, type RouteHandler } from '../../server/index.ts';
import { accessConfigFromEnv } from '../../server/auth/access-config.ts';
import { csrfProblem, csrfToken } from '../../server/csrf.ts';
import { serverStore } from '../store.ts';

const BODY_SCHEMAS = { stop: stopBodySchema, redrive: redriveBodySchema, 'start-again': startAgainBodySchema } as const;

type ActionBody = { error?: string; cause?: string; input?: string } | undefined;

/**
 * The body, or why it cannot be read (withRoute's `<field>: <problem>` form). Read here rather
 * than by withRoute, whose 400 would come before lib/actions and so go unaudited.
 */
async function readBody(request: Request, schema: z.ZodType<ActionBody>): Promise<{ body: ActionBody; problem: string | null }> {
  const text = await request.text();
  let value: unknown;
  try {
    value = text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return { body: undefined, problem: 'body: not valid JSON' };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { body: parsed.data, problem: null };
  const issue = parsed.error.issues[0];
  return { body: undefined, problem: `${issue?.path.map(String).join('.') || 'body'}: ${issue?.message ?? 'invalid'}` };
}

export function actionRoute(action: AuditAction): RouteHandler {
  const schema: z.ZodType<ActionBody> = BODY_SCHEMAS[action];
  return withRoute({ params: z.object({ arn: arnParam }) }, async ({ request, params, identity }) => {
    const { body: sent, problem } = await readBody(request, schema);
    const result = await runAction(await serverStore(), {
      action,
      executionArn: params.arn,
      actor: identity,
      csrfProblem: csrfProblem(request.headers, identity, accessConfigFromEnv()),
      bodyProblem: problem,
      ...(sent?.error !== undefined ? { error: sent.error } : {}),
      ...(sent?.cause !== undefined ? { cause: sent.cause } : {}),
      ...(sent?.input !== undefined ? { input: sent.input } : {}),
    });
    return Response.json(result.body, { status: result.httpStatus });
  });
}

/** GET /api/executions/{arn}/actions: what the action bar may offer here, with the CSRF token to send. */
export const actionsAvailabilityRoute: RouteHandler = withRoute({ params: z.object({ arn: arnParam }) }, async ({ request, params, identity }) => {
  if (!actionsEnabled()) throw ApiError.notFound(ACTIONS_OFF);
  const answer = await actionAvailability(await serverStore(), params.arn, identity, csrfToken(request.headers, identity, accessConfigFromEnv()));
  if (answer === null) throw ApiError.notFound(`execution not found: ${params.arn}`);
  return answer;
});
