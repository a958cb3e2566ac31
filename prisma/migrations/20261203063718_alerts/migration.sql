-- CreateTable
CREATE TABLE "AlertState" (
    "rule" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "episode" INTEGER NOT NULL,
    "since" DATETIME NOT NULL,
    "value" REAL,
    "stateMachineArn" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("rule", "subject")
);

-- CreateTable
CREATE TABLE "AlertDelivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "episode" INTEGER NOT NULL,
    "executionArn" TEXT,
    "stateMachineArn" TEXT,
    "format" TEXT NOT NULL,
    "webhook" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "deliveredAt" DATETIME,
    "lastError" TEXT
);

-- CreateTable
CREATE TABLE "AlertDeliveryAttempt" (
    "deliveryId" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "httpStatus" INTEGER,
    "error" TEXT,

    PRIMARY KEY ("deliveryId", "attempt"),
    CONSTRAINT "AlertDeliveryAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "AlertDelivery" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AlertState_state_rule_idx" ON "AlertState"("state", "rule");

-- CreateIndex
CREATE UNIQUE INDEX "AlertDelivery_key_key" ON "AlertDelivery"("key");

-- CreateIndex
CREATE INDEX "AlertDelivery_status_nextAttemptAt_idx" ON "AlertDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "AlertDelivery_rule_createdAt_idx" ON "AlertDelivery"("rule", "createdAt");

-- CreateIndex
CREATE INDEX "AlertDelivery_createdAt_idx" ON "AlertDelivery"("createdAt");

-- CreateIndex
CREATE INDEX "AlertDelivery_subject_rule_idx" ON "AlertDelivery"("subject", "rule");

-- CreateIndex
CREATE INDEX "Execution_status_stopDate_idx" ON "Execution"("status", "stopDate");

