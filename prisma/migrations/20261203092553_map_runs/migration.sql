-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "mapRunArn" TEXT;

-- CreateTable
CREATE TABLE "MapRun" (
    "mapRunArn" TEXT NOT NULL PRIMARY KEY,
    "executionArn" TEXT NOT NULL,
    "stateMachineArn" TEXT NOT NULL,
    "executionType" TEXT,
    "status" TEXT NOT NULL,
    "startDate" DATETIME,
    "stopDate" DATETIME,
    "maxConcurrency" INTEGER NOT NULL DEFAULT 0,
    "toleratedFailureCount" INTEGER NOT NULL DEFAULT 0,
    "toleratedFailurePercentage" REAL NOT NULL DEFAULT 0,
    "itemCounts" TEXT NOT NULL,
    "executionCounts" TEXT NOT NULL,
    "redriveCount" INTEGER NOT NULL DEFAULT 0,
    "redriveDate" DATETIME,
    "revisionId" TEXT,
    "childrenListed" BOOLEAN NOT NULL DEFAULT false,
    "sourceId" TEXT,
    "describedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
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

    PRIMARY KEY ("fromExecutionArn", "kind", "targetArn")
);

-- CreateIndex
CREATE INDEX "MapRun_executionArn_idx" ON "MapRun"("executionArn");

-- CreateIndex
CREATE INDEX "MapRun_childrenListed_status_idx" ON "MapRun"("childrenListed", "status");

-- CreateIndex
CREATE INDEX "ExecutionLink_targetArn_kind_idx" ON "ExecutionLink"("targetArn", "kind");

-- CreateIndex
CREATE INDEX "Execution_mapRunArn_status_startDate_idx" ON "Execution"("mapRunArn", "status", "startDate" DESC, "executionArn" DESC);

