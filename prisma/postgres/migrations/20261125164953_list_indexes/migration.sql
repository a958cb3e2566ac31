-- CreateIndex
CREATE INDEX "Execution_error_startDate_idx" ON "Execution"("error", "startDate" DESC, "executionArn" DESC);

-- CreateIndex
CREATE INDEX "Execution_durationMs_executionArn_idx" ON "Execution"("durationMs" DESC, "executionArn" DESC);

-- CreateIndex
CREATE INDEX "Execution_stateMachineArn_durationMs_idx" ON "Execution"("stateMachineArn", "durationMs" DESC, "executionArn" DESC);

-- CreateIndex
CREATE INDEX "Execution_stateMachineArn_status_startDate_idx" ON "Execution"("stateMachineArn", "status", "startDate" DESC, "executionArn" DESC);

