// Values WeChat accepts or refuses for each subscribe-message key type, taken from the value-type
// table of subscribeMessage.send (developers.weixin.qq.com, 订阅消息参数值内容限制说明). Both the SDK's
// pre-check (checkSubscribeValue) and the emulator's own checker run this table and must agree.

export interface SubscribeValueCase {
  key: string;
  value: string;
  valid: boolean;
  /** The line of WeChat's table the case comes from. */
  why: string;
}

const ok = (key: string, value: string, why: string): SubscribeValueCase => ({
  key,
  value,
  valid: true,
  why,
});
const bad = (key: string, value: string, why: string): SubscribeValueCase => ({
  key,
  value,
  valid: false,
  why,
});

export const SUBSCRIBE_VALUE_CASES: readonly SubscribeValueCase[] = [
  ok('thing1', '一二三四五六七八九十一二三四五六七八九十', 'thing: 20 characters'),
  ok('thing1', '云南咖啡豆 500g x2!', 'thing: Han, digits, letters and symbols mixed'),
  bad('thing1', '一二三四五六七八九十一二三四五六七八九十一', 'thing: 21 characters'),
  bad('thing1', '', 'every value: empty'),
  bad('thing1', '第一行\n第二行', 'symbols never include control characters such as a line break'),

  ok('number2', '42', 'number: digits'),
  ok('number2', '3.14', 'number: may have decimals'),
  ok('number2', '1'.repeat(32), 'number: 32 digits'),
  bad('number2', '1'.repeat(33), 'number: 33 digits'),
  bad('number2', '4a', 'number: digits only'),

  ok('letter3', 'abcXYZ', 'letter: letters'),
  bad('letter3', 'abc1', 'letter: letters only'),
  bad('letter3', 'a'.repeat(33), 'letter: at most 32'),

  ok('symbol4', '#*!', 'symbol: symbols'),
  ok('symbol4', '-----', 'symbol: 5 symbols'),
  bad('symbol4', '------', 'symbol: 6 symbols'),
  bad('symbol4', '#1', 'symbol: symbols only'),

  ok('character_string5', 'SN20261123-0001', 'character_string: letters, digits, symbols'),
  ok('character_string5', 'A+B=C@2026(x)', 'character_string: any common symbol'),
  ok('character_string5', 'x'.repeat(32), 'character_string: 32 characters'),
  bad('character_string5', 'x'.repeat(33), 'character_string: 33 characters'),
  bad('character_string5', '订单号', 'character_string: no Han characters'),
  bad('character_string5', 'SN 2026', 'character_string: no spaces'),

  ok('time6', '15:01', 'time: HH:MM'),
  ok('time6', '15:01:59', 'time: HH:MM:SS'),
  ok('time6', '2019年10月1日 15:01', 'time: with year, month and day'),
  ok('time6', '2026-11-23 14:05', 'time: with a dashed date'),
  ok('time6', '15:01~16:30', 'time: a range joined by ~'),
  ok('time6', '2019年10月1日 15:01 ~ 2019年10月1日 17:00', 'time: a range of date-times'),
  bad('time6', '2019年10月1日', 'time: a date without a time'),
  bad('time6', '25:00', 'time: 24-hour clock'),
  bad('time6', 'tomorrow', 'time: a time format'),
  bad('time6', '15:01~', 'time: a range needs both ends'),

  ok('date7', '2019年10月1日', 'date: y年m月d日'),
  ok('date7', '2019年10月', 'date: y年m月'),
  ok('date7', '10月1日', 'date: m月d日'),
  ok('date7', '2018-01-01', 'date: joined by -'),
  ok('date7', '2018/01/01', 'date: joined by /'),
  ok('date7', '2018.01.01', 'date: joined by .'),
  ok('date7', '2018-01', 'date: year and month'),
  ok('date7', '01-01', 'date: month and day'),
  ok('date7', '2019年10月1日 15:01', 'date: with a 24-hour time'),
  ok('date7', '2018-01-01~2018-01-07', 'date: a range joined by ~'),
  bad('date7', '15:01', 'date: a time without a date'),
  bad('date7', '2018-13-01', 'date: month 1-12'),
  bad('date7', 'next week', 'date: a date format'),

  ok('amount8', '12.34元', 'amount: trailing 元'),
  ok('amount8', '¥0.01', 'amount: one currency symbol'),
  ok('amount8', '￥1234567890.99', 'amount: 10 digits with 2 decimals'),
  ok('amount8', '$100', 'amount: any currency symbol'),
  ok('amount8', '99', 'amount: plain digits'),
  bad('amount8', '12.345', 'amount: at most 2 decimals'),
  bad('amount8', '12345678901', 'amount: at most 10 digits'),
  bad('amount8', '¥¥12', 'amount: one currency symbol'),
  bad('amount8', '十二元', 'amount: digits'),

  ok('phone_number9', '+86-0766-66888866', 'phone_number: the doc example'),
  ok('phone_number9', '13800138000', 'phone_number: digits'),
  bad('phone_number9', '+86-0766-668888661', 'phone_number: 18 characters'),
  bad('phone_number9', '138-call-me', 'phone_number: digits and symbols only'),

  ok('car_number10', '粤A8Z888挂', 'car_number: the doc example, Han first and last'),
  ok('car_number10', 'WJ12345', 'car_number: letters and digits'),
  bad('car_number10', '粤A8Z8888挂', 'car_number: 9 characters'),
  bad('car_number10', '粤A中888', 'car_number: Han only first or last'),
  bad('car_number10', '粤A-8888', 'car_number: letters or digits between'),

  ok('name11', '欧阳娜娜', 'name: Han'),
  ok('name11', '一二三四五六七八九十', 'name: 10 Han characters'),
  ok('name11', 'Alexander Hamilton', 'name: letters'),
  ok('name11', 'abcdefghijklmnopqrst', 'name: 20 letters'),
  ok('name11', '张Wei', 'name: Han and letters mixed count as a Chinese name'),
  bad('name11', '一二三四五六七八九十一', 'name: 11 Han characters'),
  bad('name11', 'abcdefghijklmnopqrstu', 'name: 21 letters'),
  bad('name11', '张Weiiiiiiii', 'name: mixed names count as Chinese, at most 10'),
  bad('name11', 'R2D2', 'name: no digits'),

  ok('phrase12', '配送中', 'phrase: Han'),
  ok('phrase12', '一二三四五', 'phrase: 5 Han characters'),
  bad('phrase12', '一二三四五六', 'phrase: 6 Han characters'),
  bad('phrase12', 'shipped', 'phrase: Han only'),
  bad('phrase12', '已发货!', 'phrase: Han only, no symbols'),

  bad('colour1', 'red', 'key types are the table rows only'),
  bad('thing', 'x', 'a key is its type followed by a number'),
];
