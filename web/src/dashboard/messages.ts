// The dashboard pages' words, in both languages (typed: English must have every key the Chinese has).
export const zh = {
  title: "数据看板",
};

export const en: typeof zh = {
  title: "Dashboard",
};
