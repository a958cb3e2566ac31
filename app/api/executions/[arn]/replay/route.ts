import { z } from 'zod';
import { TestCaseUnavailableError } from '@/lib/api/executions/get-test-case';
import { tryFix } from '@/lib/api/executions/try-fix';
import { serverStore } from '@/lib/api/store';
import { ApiError, arnParam, withRoute } from '@/lib/server';

export const dynamic = 'force-dynamic';

/** ASL definitions are at most 1 MiB (AWS's limit). */
const DEFINITION_LIMIT = 1_048_576;

// POST /api/executions/{arn}/replay {"definition": "<ASL text>"} ("Try a fix", DESIGN.md §2.10):
// the recorded task outcomes run against the changed definition in a private in-process emulator
// (nothing is called or stored). A definition the emulator would refuse answers 200 {ok: false,
// problems: [{line, column?, path?, message}]}; otherwise {ok: true, status, reproduced,
// firstDifference, events, limitReached, diff} (diff: the §2.6 diff, original A → replay B).
export const POST = withRoute(
  { params: z.object({ arn: arnParam }), body: z.object({ definition: z.string().max(DEFINITION_LIMIT, 'must be at most 1 MiB of ASL text') }) },
  async ({ params, body }) => {
    let result;
    try {
      result = await tryFix(await serverStore(), params.arn, body.definition);
    } catch (error) {
      if (error instanceof TestCaseUnavailableError) throw new ApiError(409, error.message.replace('no test case can be made', 'it cannot be replayed'));
      throw error;
    }
    if (!result) throw ApiError.notFound(`execution not found: ${params.arn}`);
    return result;
  },
);
