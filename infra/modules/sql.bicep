// Azure SQL logical server with Entra-only authentication (no SQL logins, so no password to leak or
// rotate) and the mentoring database. The web app signs in with its managed identity.

@description('Azure region.')
param location string

@description('Base name; the server is sql-<base> (globally unique) and the database mentoring.')
param baseName string

@description('Display name of the Entra administrator (a security group is best).')
param adminLogin string

@description('Object id of the Entra administrator.')
param adminObjectId string

@description('Kind of principal the administrator is.')
@allowed([
  'Group'
  'User'
  'Application'
])
param adminPrincipalType string = 'Group'

@description('serverless: General Purpose serverless Gen5 (auto-pauses when idle); or a DTU tier.')
@allowed([
  'serverless'
  'S0'
  'S1'
  'S2'
])
param databaseTier string = 'serverless'

var skus = {
  serverless: {
    name: 'GP_S_Gen5'
    tier: 'GeneralPurpose'
    family: 'Gen5'
    capacity: 1
  }
  S0: {
    name: 'S0'
    tier: 'Standard'
  }
  S1: {
    name: 'S1'
    tier: 'Standard'
  }
  S2: {
    name: 'S2'
    tier: 'Standard'
  }
}

// Only serverless databases take auto-pause settings.
var autoPause = {
  autoPauseDelay: 60
  minCapacity: json('0.5')
}
var serverlessProperties = databaseTier == 'serverless' ? autoPause : {}

var databaseBase = {
  collation: 'SQL_Latin1_General_CP1_CI_AS'
  requestedBackupStorageRedundancy: 'Geo'
}

resource server 'Microsoft.Sql/servers@2021-11-01' = {
  name: 'sql-${baseName}'
  location: location
  properties: {
    minimalTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    administrators: {
      administratorType: 'ActiveDirectory'
      azureADOnlyAuthentication: true
      login: adminLogin
      sid: adminObjectId
      principalType: adminPrincipalType
      tenantId: subscription().tenantId
    }
  }
}

// Entra-only authentication again as its own resource, so a later change to the server cannot quietly
// re-enable SQL logins.
resource entraOnly 'Microsoft.Sql/servers/azureADOnlyAuthentications@2021-11-01' = {
  parent: server
  name: 'Default'
  properties: {
    azureADOnlyAuthentication: true
  }
}

// 0.0.0.0-0.0.0.0 is Azure's convention for "allow Azure services" (App Service outbound addresses).
resource allowAzureServices 'Microsoft.Sql/servers/firewallRules@2021-11-01' = {
  parent: server
  name: 'AllowAllWindowsAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource database 'Microsoft.Sql/servers/databases@2021-11-01' = {
  parent: server
  name: 'mentoring'
  location: location
  sku: skus[databaseTier]
  properties: union(databaseBase, serverlessProperties)
}

output serverFqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
