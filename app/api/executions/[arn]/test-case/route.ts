import { z } from 'zod';
import { getExecutionTestCase, TEST_CASE_FILE_KINDS, TestCaseUnavailableError, testCaseFile } from '@/lib/api/executions/get-test-case';
import { serverStore } from '@/lib/api/store';
import { ensureIngested } from '@/lib/poller';
import { ApiError, arnParam, repeatedTakesFirst, withRoute } from '@/lib/server';

export const dynamic = 'force-dynamic';

const testCaseQuery = repeatedTakesFirst(
  z.object({
    file: z.enum(TEST_CASE_FILE_KINDS, { error: `must be one of ${TEST_CASE_FILE_KINDS.join(', ')}` }).optional(),
  }),
);

// GET /api/executions/{arn}/test-case (DESIGN.md §2.10): the execution as a Step Functions Local
// test case. ?file=mock-config|definition|input|test-case: that part as a file to save (the names
// the commands read), for the execution page's "Reproduce locally" downloads.
export const GET = withRoute({ params: z.object({ arn: arnParam }), query: testCaseQuery }, async ({ params, query }) => {
  const store = await serverStore();
  await ensureIngested(store, params.arn);
  let testCase;
  try {
    testCase = await getExecutionTestCase(store, params.arn);
  } catch (error) {
    if (error instanceof TestCaseUnavailableError) throw new ApiError(409, error.message);
    throw error;
  }
  if (!testCase) throw ApiError.notFound(`execution not found: ${params.arn}`);
  if (query.file === undefined) return testCase;
  const file = testCaseFile(testCase, query.file);
  return new Response(file.text, {
    headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"` },
  });
});
