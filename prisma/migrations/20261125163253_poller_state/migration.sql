-- CreateTable
CREATE TABLE "PollerCursor" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PollerLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "owner" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "PollerLease_owner_idx" ON "PollerLease"("owner");

-- CreateIndex
CREATE INDEX "Execution_historyComplete_expired_stateMachineArn_idx" ON "Execution"("historyComplete", "expired", "stateMachineArn");

