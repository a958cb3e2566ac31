-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "failedStateName" TEXT;
ALTER TABLE "Execution" ADD COLUMN "failureError" TEXT;
ALTER TABLE "Execution" ADD COLUMN "causePattern" TEXT;
ALTER TABLE "Execution" ADD COLUMN "clusterId" TEXT;
ALTER TABLE "Execution" ADD COLUMN "rootCauseStateName" TEXT;
ALTER TABLE "Execution" ADD COLUMN "rootCauseError" TEXT;

-- CreateIndex
CREATE INDEX "Execution_clusterId_startDate_idx" ON "Execution"("clusterId", "startDate" DESC, "executionArn" DESC);
