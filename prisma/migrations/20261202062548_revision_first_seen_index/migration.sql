-- CreateIndex
CREATE INDEX "Execution_stateMachineArn_revisionId_startDate_idx" ON "Execution"("stateMachineArn", "revisionId", "startDate");

