// Policy: W&B's issuer for Entra ID is the tenant's v2.0 issuer, the one its v2.0 ID tokens carry.
import { entraIssuerProblem } from "../lib/issuer";
import { issuerPolicy } from "./issuerPolicy";

export const entraIssuer = issuerPolicy(
    "wandb-sso-entra-issuer",
    "W&B's Entra ID issuer is https://login.microsoftonline.com/<tenantId>/v2.0: it ends in /v2.0 and names one tenant.",
    entraIssuerProblem,
);
