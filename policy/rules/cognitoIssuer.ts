// Policy: W&B's issuer for Cognito is the user pool's cognito-idp URL, never the hosted-UI domain
// (which serves the sign-in pages but has no discovery document and is in no token).
import { cognitoIssuerProblem } from "../lib/issuer";
import { issuerPolicy } from "./issuerPolicy";

export const cognitoIssuer = issuerPolicy(
    "wandb-sso-cognito-issuer",
    "W&B's Cognito issuer is https://cognito-idp.<region>.amazonaws.com/<userPoolId>, never the hosted-UI domain <prefix>.auth.<region>.amazoncognito.com.",
    cognitoIssuerProblem,
);
