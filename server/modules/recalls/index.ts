// What other modules may use of the recalls module (the demo loader works a campaign through its commands).
export {
  CAMPAIGN_STATES,
  RECALL_UNIT_STATES,
  type CampaignDetail,
  type RecallUnitItem,
  type RecallUnitState,
} from './contract.js';
export { recallCampaigns, recallEvents, recallUnits } from './tables.js';
export {
  activateCampaign,
  bookUnit,
  closeCampaign,
  createCampaign,
  markDeclined,
  markUnreachable,
  sendOutreach,
  updateCampaign,
} from './commands.js';
export { campaignProgress, getCampaign, listCampaigns, listRecallUnits } from './queries.js';
