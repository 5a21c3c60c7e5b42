// The partner pages' words, in both languages (typed: English must have every key the Chinese has).
export const zh = {
  title: "共建单位",
};

export const en: typeof zh = {
  title: "Partners",
};
