/** Command ids, mirroring `contributes.commands` in package.json. */
export const Commands = {
  findRelatedWork: 'relatedWork.findRelatedWork',
  searchPapers: 'relatedWork.searchPapers',
  insertCitation: 'relatedWork.insertCitation',
  addToBibliography: 'relatedWork.addToBibliography',
  rebuildIndex: 'relatedWork.rebuildIndex',
  showOutput: 'relatedWork.showOutput',
  setApiKey: 'relatedWork.setApiKey',
  fetchMissingAbstracts: 'relatedWork.fetchMissingAbstracts',
} as const;

export const SIDEBAR_VIEW_ID = 'relatedWork.sidebar';
