export { FindSheet } from './FindSheet.js';
export { GoToPinpoint } from './GoToPinpoint.js';
export { useBlockTarget } from './use-block-target.js';
export { blockTargetPlugin, revealBlock } from './block-target.js';
export { blockPath } from './block-address.js';
