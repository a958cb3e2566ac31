-- CreateTable
CREATE TABLE "PollerCursor" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PollerCursor_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "PollerLease" (
    "name" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PollerLease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "PollerLease_owner_idx" ON "PollerLease"("owner");

-- CreateIndex
CREATE INDEX "Execution_historyComplete_expired_stateMachineArn_idx" ON "Execution"("historyComplete", "expired", "stateMachineArn");

