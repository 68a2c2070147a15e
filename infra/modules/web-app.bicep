// Linux App Service plan and web app running the service on Node 20, signed in to Azure as the
// user-assigned managed identity (for Azure SQL, and for the bot when BOT_TYPE is UserAssignedMSI).

@description('Azure region.')
param location string

@description('Base name; resources are plan-<base> and app-<base> (app-<base>.azurewebsites.net).')
param baseName string

@description('App Service plan SKU; alwaysOn needs B1 or above.')
param sku string

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Application settings (name/value pairs) for the service, as src/config.ts reads them.')
param appSettings array

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: 'plan-${baseName}'
  location: location
  kind: 'linux'
  sku: {
    name: sku
  }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: 'app-${baseName}'
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      alwaysOn: true // the outbox dispatcher and reminders run in-process
      healthCheckPath: '/healthz'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appCommandLine: 'npm run start:service'
      appSettings: appSettings
    }
  }
}

output id string = site.id
output defaultHostName string = site.properties.defaultHostName
