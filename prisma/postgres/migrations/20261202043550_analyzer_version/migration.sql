-- AlterTable
ALTER TABLE "Execution" ADD COLUMN     "analyzerVersion" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "StateRun" ADD COLUMN     "analyzerVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Execution_analyzerVersion_executionArn_idx" ON "Execution"("analyzerVersion", "executionArn");

