-- AlterTable
ALTER TABLE "Execution" ADD COLUMN     "failedStateName" TEXT,
ADD COLUMN     "failureError" TEXT,
ADD COLUMN     "causePattern" TEXT,
ADD COLUMN     "clusterId" TEXT,
ADD COLUMN     "rootCauseStateName" TEXT,
ADD COLUMN     "rootCauseError" TEXT;

-- CreateIndex
CREATE INDEX "Execution_clusterId_startDate_idx" ON "Execution"("clusterId", "startDate" DESC, "executionArn" DESC);
