// Azure resources for one environment of the IMG peer-mentoring service (SPEC §5): a Linux web app on
// Node 20 with a user-assigned managed identity, an Azure Bot with the Teams channel, an Azure SQL
// database with Entra-only authentication, and Application Insights on a Log Analytics workspace.
// Deployed by the Agents Toolkit (m365agents.yml, arm/deploy) with azure.parameters.json; outputs are
// written back to env/.env.<environment> under their names.
//
// After the first deployment, an Entra administrator of the SQL server must let the identity in once
// (Bicep cannot run T-SQL): run the SQL_GRANT_STATEMENT output against the database.

targetScope = 'resourceGroup'

@description('Agents Toolkit environment name (TEAMSFX_ENV), part of every resource name.')
@minLength(2)
@maxLength(10)
param environmentName string

@description('Short suffix making global names unique (e.g. the trust code).')
@minLength(3)
@maxLength(8)
param resourceSuffix string

@description('Azure region; UK South keeps NHS records in the UK.')
param location string = resourceGroup().location

@description('App Service plan SKU (B1 or above, for alwaysOn).')
param appServiceSku string = 'B1'

@description('serverless, S0, S1 or S2 (see modules/sql.bicep).')
@allowed([
  'serverless'
  'S0'
  'S1'
  'S2'
])
param sqlDatabaseTier string = 'serverless'

@description('Azure Bot pricing tier.')
@allowed([
  'F0'
  'S1'
])
param botServiceSku string = 'F0'

@description('Bot display name in Azure.')
@maxLength(42)
param botDisplayName string = 'IMG Peer Mentoring'

@description('SingleTenant: the Entra app below, with its secret. UserAssignedMSI: the managed identity, no secret.')
@allowed([
  'SingleTenant'
  'UserAssignedMSI'
])
param botType string = 'SingleTenant'

@description('Client id of the bot Entra app (SingleTenant); ignored for UserAssignedMSI.')
param botAadAppClientId string = ''

@description('Entra tenant of the bot Entra app; defaults to this subscription\'s tenant.')
param botTenantId string = ''

@description('Client secret of the bot Entra app (SingleTenant only).')
@secure()
param botPassword string = ''

@description('Key that signs download links (LINK_SECRET); at least 32 characters, the same for every deployment so sent links stay valid.')
@secure()
@minLength(32)
param linkSecret string

@description('Display name of the SQL server\'s Entra administrator (a security group is best).')
param sqlAdminLogin string

@description('Object id of the SQL server\'s Entra administrator.')
param sqlAdminObjectId string

@allowed([
  'Group'
  'User'
  'Application'
])
param sqlAdminPrincipalType string = 'Group'

@allowed([
  'error'
  'warn'
  'info'
  'debug'
])
param logLevel string = 'info'

@description('Privacy notice shown beside the consent question; empty for none.')
param privacyNoticeUrl string = ''

@description('The Teams app id (the manifest id), for the report card\'s link to the Reports tab; empty for no link.')
param teamsAppId string = ''

@description('Outbox dispatcher interval in milliseconds (a string, as app settings are).')
param dispatchIntervalMs string = '1000'

var baseName = toLower('imgmentor-${environmentName}-${resourceSuffix}')
var tenantId = empty(botTenantId) ? subscription().tenantId : botTenantId
var isMsi = botType == 'UserAssignedMSI'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${baseName}'
  location: location
}

var botAppId = isMsi ? identity.properties.clientId : botAadAppClientId
var botTenant = isMsi ? identity.properties.tenantId : tenantId

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    baseName: baseName
  }
}

module sql 'modules/sql.bicep' = {
  name: 'sql'
  params: {
    location: location
    baseName: baseName
    adminLogin: sqlAdminLogin
    adminObjectId: sqlAdminObjectId
    adminPrincipalType: sqlAdminPrincipalType
    databaseTier: sqlDatabaseTier
  }
}

// Names and meanings as src/config.ts reads them. NODE_ENV is deliberately not set: App Service builds
// on deploy (npm install + tsc needs devDependencies), and a non-empty BOT_ID already means production.
var commonSettings = [
  {
    name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
    value: 'true'
  }
  {
    name: 'WEBSITE_NODE_DEFAULT_VERSION'
    value: '~20'
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: monitoring.outputs.appInsightsConnectionString
  }
  {
    name: 'BOT_ID'
    value: botAppId
  }
  {
    name: 'BOT_TENANT_ID'
    value: botTenant
  }
  {
    name: 'BOT_TYPE'
    value: botType
  }
  {
    name: 'DB_ENGINE'
    value: 'mssql'
  }
  {
    name: 'MSSQL_SERVER'
    value: sql.outputs.serverFqdn
  }
  {
    name: 'MSSQL_DATABASE'
    value: sql.outputs.databaseName
  }
  {
    name: 'MSSQL_AUTH'
    value: 'managed-identity'
  }
  {
    name: 'MSSQL_CLIENT_ID'
    value: identity.properties.clientId
  }
  {
    name: 'SEED_DEMO'
    value: 'false'
  }
  {
    name: 'LOG_LEVEL'
    value: logLevel
  }
  {
    name: 'PRIVACY_NOTICE_URL'
    value: privacyNoticeUrl
  }
  {
    name: 'TEAMS_APP_ID'
    value: teamsAppId
  }
  {
    name: 'DISPATCH_INTERVAL_MS'
    value: dispatchIntervalMs
  }
  {
    // Where browsers reach the service for download links; the web app module names the app app-<baseName>.
    name: 'PUBLIC_URL'
    value: 'https://app-${baseName}.azurewebsites.net'
  }
]
// The managed-identity bot has no secret; a SingleTenant bot gets its client secret. Every bot gets the link key.
var botPasswordSetting = [
  {
    name: 'BOT_PASSWORD'
    value: botPassword
  }
]
var linkSecretSetting = [
  {
    name: 'LINK_SECRET'
    value: linkSecret
  }
]
var secretSettings = concat(isMsi ? [] : botPasswordSetting, linkSecretSetting)

module web 'modules/web-app.bicep' = {
  name: 'web'
  params: {
    location: location
    baseName: baseName
    sku: appServiceSku
    identityId: identity.id
    appSettings: concat(commonSettings, secretSettings)
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: 'bot-${baseName}'
    displayName: botDisplayName
    msaAppId: botAppId
    msaAppTenantId: botTenant
    msaAppType: botType
    msaAppMsiResourceId: isMsi ? identity.id : ''
    appDomain: web.outputs.defaultHostName
    sku: botServiceSku
  }
}

// Written to env/.env.<environment> by the Toolkit; the manifest and m365agents.yml use them.
output BOT_DOMAIN string = web.outputs.defaultHostName
output BOT_ENDPOINT string = 'https://${web.outputs.defaultHostName}'
output BOT_MSA_APP_ID string = botAppId
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = web.outputs.id
output MANAGED_IDENTITY_CLIENT_ID string = identity.properties.clientId
output MANAGED_IDENTITY_NAME string = identity.name
output SQL_SERVER_FQDN string = sql.outputs.serverFqdn
output SQL_DATABASE_NAME string = sql.outputs.databaseName
output SQL_GRANT_STATEMENT string = 'CREATE USER [${identity.name}] FROM EXTERNAL PROVIDER; ALTER ROLE db_datareader ADD MEMBER [${identity.name}]; ALTER ROLE db_datawriter ADD MEMBER [${identity.name}]; ALTER ROLE db_ddladmin ADD MEMBER [${identity.name}];'
