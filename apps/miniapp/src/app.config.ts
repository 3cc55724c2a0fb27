export default defineAppConfig({
  pages: ['pages/cart/payment/index', 'pages/cart/results/index', 'pages/orders/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '收银台',
    navigationBarTextStyle: 'black',
  },
});
