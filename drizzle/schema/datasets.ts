// owned by S2
export {};
