import { Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { Construct } from 'constructs';
import { PipelineFunction } from './pipeline-function';
import { PARTNER_REGISTRY_IN_TABLE } from './site-rendering-function';

/** Properties of {@link ReleaseFunction}. */
export interface ReleaseFunctionProps {
  /** The article table: the heads, order entries, release and pending markers a release writes. */
  readonly table: ITable;
  /** `PUBLIC_BASE_URL`, which every function's settings carry. */
  readonly publicBaseUrl: string;
}

/**
 * The embargo release (docs/decisions/0045-…): invoked by one-time EventBridge Scheduler schedules
 * that ingest creates in this construct's schedule group, it takes an embargoed article live at its
 * instant (`functions/release/handler.ts`). The scheduler's role may invoke this function and nothing
 * else; {@link allowArming} lets a function create and delete schedules in this group only.
 */
export class ReleaseFunction extends PipelineFunction {
  /** Where every release schedule lives; no other schedule is ever made here. */
  public readonly scheduleGroup: ScheduleGroup;
  /** What EventBridge Scheduler assumes to invoke the release function. */
  public readonly schedulerRole: Role;

  constructor(scope: Construct, id: string, props: ReleaseFunctionProps) {
    super(scope, id, {
      entry: 'functions/release/handler.ts',
      description: 'Takes an embargoed article live at its instant (EventBridge Scheduler target)',
      serviceName: 'release',
      // A release waits out at most a minute when its schedule fires early (whole seconds), then writes.
      timeout: Duration.seconds(90),
      memorySize: 256,
      // Every function's context names its partner registry, or the function cannot start; a release
      // never reads it (the directory reads the table only when asked for a partner), so it adds no grant.
      environment: { PUBLIC_BASE_URL: props.publicBaseUrl, ...PARTNER_REGISTRY_IN_TABLE },
    });
    // Exactly what a release calls: GetItem for the head, and one TransactWriteItems of an Update (the
    // head), Deletes (the release marker) and Puts (order entries, the pending marker).
    this.useTable(props.table, [
      { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'] },
    ]);
    this.scheduleGroup = new ScheduleGroup(this, 'ScheduleGroup');
    const { account } = Stack.of(this);
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      // Only this account's schedules may use it (the confused-deputy guard AWS documents).
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
      description:
        'Assumed by EventBridge Scheduler to invoke the embargo release function, and nothing else',
    });
    this.schedulerRole.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }),
    );
  }

  /**
   * Lets `arming` (the ingest) create and delete release schedules in this group, and pass the
   * scheduler's role to them, and tells it where (`RELEASE_*`).
   */
  allowArming(arming: PipelineFunction): void {
    arming.useReleaseSchedules({
      groupName: this.scheduleGroup.scheduleGroupName,
      targetArn: this.function.functionArn,
      roleArn: this.schedulerRole.roleArn,
    });
  }
}
