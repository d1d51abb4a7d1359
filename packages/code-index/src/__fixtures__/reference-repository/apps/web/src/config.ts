export default {
  title: 'web',
  width: 640,
};

export const theme = 'dark';
