// The provider settings' schemas are a contract (the settings screen's form reads them); named here for the providers.
export * from './contract.js';
