-- CreateTable
CREATE TABLE "Source" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "region" TEXT,
    "accountId" TEXT,
    "endpoint" TEXT,
    "label" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "StateMachine" (
    "stateMachineArn" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "loggingConfiguration" TEXT,
    "currentRevisionId" TEXT,
    "sourceId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StateMachine_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DefinitionRevision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "stateMachineArn" TEXT NOT NULL,
    "revisionId" TEXT NOT NULL,
    "definitionHash" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DefinitionRevision_stateMachineArn_fkey" FOREIGN KEY ("stateMachineArn") REFERENCES "StateMachine" ("stateMachineArn") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Execution" (
    "executionArn" TEXT NOT NULL PRIMARY KEY,
    "stateMachineArn" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startDate" DATETIME,
    "stopDate" DATETIME,
    "durationMs" BIGINT,
    "input" TEXT,
    "output" TEXT,
    "error" TEXT,
    "cause" TEXT,
    "redriveCount" INTEGER NOT NULL DEFAULT 0,
    "eventCount" INTEGER NOT NULL DEFAULT 0,
    "historyComplete" BOOLEAN NOT NULL DEFAULT false,
    "partial" BOOLEAN NOT NULL DEFAULT false,
    "revisionId" TEXT,
    "expired" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Execution_stateMachineArn_fkey" FOREIGN KEY ("stateMachineArn") REFERENCES "StateMachine" ("stateMachineArn") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HistoryEvent" (
    "executionArn" TEXT NOT NULL,
    "eventKey" INTEGER NOT NULL,
    "id" INTEGER,
    "type" TEXT NOT NULL,
    "previousEventId" INTEGER,
    "timestamp" DATETIME,
    "details" TEXT NOT NULL,
    "raw" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("executionArn", "eventKey"),
    CONSTRAINT "HistoryEvent_executionArn_fkey" FOREIGN KEY ("executionArn") REFERENCES "Execution" ("executionArn") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StateRun" (
    "executionArn" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "stateMachineArn" TEXT NOT NULL,
    "stateName" TEXT NOT NULL,
    "stateType" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "mapIndex" TEXT NOT NULL,
    "enteredEventId" INTEGER,
    "exitedEventId" INTEGER,
    "durationMs" BIGINT,
    "error" TEXT,
    "cause" TEXT,

    PRIMARY KEY ("executionArn", "ordinal"),
    CONSTRAINT "StateRun_executionArn_fkey" FOREIGN KEY ("executionArn") REFERENCES "Execution" ("executionArn") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "StateMachine_sourceId_idx" ON "StateMachine"("sourceId");

-- CreateIndex
CREATE UNIQUE INDEX "DefinitionRevision_stateMachineArn_revisionId_key" ON "DefinitionRevision"("stateMachineArn", "revisionId");

-- CreateIndex
CREATE INDEX "Execution_startDate_executionArn_idx" ON "Execution"("startDate" DESC, "executionArn" DESC);

-- CreateIndex
CREATE INDEX "Execution_stateMachineArn_startDate_idx" ON "Execution"("stateMachineArn", "startDate" DESC, "executionArn" DESC);

-- CreateIndex
CREATE INDEX "Execution_status_startDate_idx" ON "Execution"("status", "startDate" DESC, "executionArn" DESC);

-- CreateIndex
CREATE INDEX "Execution_stateMachineArn_status_idx" ON "Execution"("stateMachineArn", "status");

-- CreateIndex
CREATE INDEX "StateRun_stateMachineArn_stateName_idx" ON "StateRun"("stateMachineArn", "stateName");

-- CreateIndex
CREATE INDEX "StateRun_stateMachineArn_status_idx" ON "StateRun"("stateMachineArn", "status");

-- CreateIndex
CREATE INDEX "StateRun_stateMachineArn_error_idx" ON "StateRun"("stateMachineArn", "error");

