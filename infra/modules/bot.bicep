// Azure Bot registration with the Microsoft Teams channel. New multi-tenant bots are no longer allowed,
// so the bot is SingleTenant (an Entra app in this tenant) or UserAssignedMSI (a managed identity).

@description('Globally unique bot handle.')
param name string

@description('Name shown in the Azure portal and the Bot Framework.')
@maxLength(42)
param displayName string

@description('Client id of the Entra app (SingleTenant) or of the managed identity (UserAssignedMSI).')
param msaAppId string

@description('Entra tenant of the app or identity.')
param msaAppTenantId string

@allowed([
  'SingleTenant'
  'UserAssignedMSI'
])
param msaAppType string

@description('Resource id of the managed identity; used only when msaAppType is UserAssignedMSI.')
param msaAppMsiResourceId string = ''

@description('Host name of the web app; messages arrive at https://<host>/api/messages.')
param appDomain string

@allowed([
  'F0'
  'S1'
])
param sku string = 'F0'

var msiProperties = {
  msaAppMSIResourceId: msaAppMsiResourceId
}
var identityProperties = msaAppType == 'UserAssignedMSI' ? msiProperties : {}
var baseProperties = {
  displayName: displayName
  endpoint: 'https://${appDomain}/api/messages'
  msaAppId: msaAppId
  msaAppTenantId: msaAppTenantId
  msaAppType: msaAppType
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: union(baseProperties, identityProperties)
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

output endpoint string = bot.properties.endpoint
