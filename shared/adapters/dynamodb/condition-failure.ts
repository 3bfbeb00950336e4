/** True when a DynamoDB write was refused because its condition did not hold. */
export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
}

/** True when DynamoDB refused a write because a transaction was writing the same item. */
export function isTransactionConflict(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'TransactionConflictException';
}
