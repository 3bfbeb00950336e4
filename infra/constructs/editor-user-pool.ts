import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
} from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';

/**
 * The editors' Cognito user pool: editors are created by an administrator (no self sign-up), sign in
 * with their email address, a strong password and a TOTP app (MFA required), under Cognito's threat
 * protection (Plus plan, enforced). It is state (the editors' accounts and MFA enrolments), so it lives
 * in the data stack, retained and protected from deletion (docs/decisions/0027). Its app client and
 * hosted sign-in domain are the application stack's (`PipelineApi`).
 */
export class EditorUserPool extends UserPool {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      autoVerify: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Compromised-credential and risky sign-in detection, enforced: an editor can take articles down.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
