-- CreateIndex
CREATE INDEX "Execution_compare_status_idx" ON "Execution"("stateMachineArn", "status", "startDate", "durationMs", "transitions", "partial");

-- CreateIndex
CREATE INDEX "Execution_compare_duration_idx" ON "Execution"("stateMachineArn", "durationMs", "startDate");

