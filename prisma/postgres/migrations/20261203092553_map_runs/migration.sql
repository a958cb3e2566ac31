-- AlterTable
ALTER TABLE "Execution" ADD COLUMN     "mapRunArn" TEXT;

-- CreateTable
CREATE TABLE "MapRun" (
    "mapRunArn" TEXT NOT NULL,
    "executionArn" TEXT NOT NULL,
    "stateMachineArn" TEXT NOT NULL,
    "executionType" TEXT,
    "status" TEXT NOT NULL,
    "startDate" TIMESTAMP(3),
    "stopDate" TIMESTAMP(3),
    "maxConcurrency" INTEGER NOT NULL DEFAULT 0,
    "toleratedFailureCount" INTEGER NOT NULL DEFAULT 0,
    "toleratedFailurePercentage" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "itemCounts" TEXT NOT NULL,
    "executionCounts" TEXT NOT NULL,
    "redriveCount" INTEGER NOT NULL DEFAULT 0,
    "redriveDate" TIMESTAMP(3),
    "revisionId" TEXT,
    "childrenListed" BOOLEAN NOT NULL DEFAULT false,
    "sourceId" TEXT,
    "describedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MapRun_pkey" PRIMARY KEY ("mapRunArn")
);

-- CreateTable
CREATE TABLE "ExecutionLink" (
    "fromExecutionArn" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "targetArn" TEXT NOT NULL,
    "stateName" TEXT,
    "runIndex" INTEGER,
    "eventId" INTEGER,
    "analyzerVersion" INTEGER NOT NULL,

    CONSTRAINT "ExecutionLink_pkey" PRIMARY KEY ("fromExecutionArn","kind","targetArn")
);

-- CreateIndex
CREATE INDEX "MapRun_executionArn_idx" ON "MapRun"("executionArn");

-- CreateIndex
CREATE INDEX "MapRun_childrenListed_status_idx" ON "MapRun"("childrenListed", "status");

-- CreateIndex
CREATE INDEX "ExecutionLink_targetArn_kind_idx" ON "ExecutionLink"("targetArn", "kind");

-- CreateIndex
CREATE INDEX "Execution_mapRunArn_status_startDate_idx" ON "Execution"("mapRunArn", "status", "startDate" DESC, "executionArn" DESC);

