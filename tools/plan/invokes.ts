// What the offline plan answers for the provider functions (invokes) the components call. Each
// answer comes from the stack's own provider config, as the real provider would read it; what the
// config does not say stays unknown ("(known after apply)") rather than being made up.
import * as pulumi from "@pulumi/pulumi";

/** Full config keys (`aws:region`) to values, as in the stack file. */
export type ProviderConfig = Readonly<Record<string, string>>;

type InvokeAnswer = (config: ProviderConfig, inputs: Record<string, unknown>) => Record<string, unknown>;

const orUnknown = (value: string | undefined) => value ?? pulumi.unknown;

export const PLAN_INVOKES: Record<string, InvokeAnswer> = {
    "aws:index/getRegion:getRegion": (config) => {
        const region = orUnknown(config["aws:region"]);
        return { id: region, region, name: region };
    },
    "azuread:index/getClientConfig:getClientConfig": (config) => ({
        tenantId: orUnknown(config["azuread:tenantId"]),
        clientId: orUnknown(config["azuread:clientId"]),
        objectId: pulumi.unknown,
        id: pulumi.unknown,
    }),
    // Microsoft Graph's service principal (EntraOidcApp's admin consent): its object ID is the tenant's own.
    "azuread:index/getServicePrincipal:getServicePrincipal": (_config, inputs) => ({
        clientId: inputs.clientId,
        objectId: pulumi.unknown,
        id: pulumi.unknown,
    }),
    // one entry per invoke token a component calls (see the IdP's provider module)
};
