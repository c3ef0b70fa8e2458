/*
 * The demo organisation: deterministic, with real division codes and coordinates. Provinces come
 * from both completion-target groups of seed 004 (≥85% in 3 days: 广东 浙江 四川 河南;
 * ≥70%: 云南 辽宁), see DOMAIN.md, Time limits.
 */

export interface DemoOutlet {
  code: string;
  name: string;
  cityCode: string;
  districtCode: string;
  address: string;
  lat: number;
  lng: number;
  contactName: string;
}

export interface DemoCenter {
  key: string;
  code: string;
  name: string;
  provinceCode: string;
  cityCode: string;
  districtCode: string;
  address: string;
  lat: number;
  lng: number;
  /** Which completion-target group of seed 004 the province belongs to. */
  targetGroup: 85 | 70;
  outlets: DemoOutlet[];
}

export const DEMO_CENTERS: DemoCenter[] = [
  {
    key: 'gd',
    code: 'C-GD',
    name: '广东省服务中心',
    provinceCode: '440000',
    cityCode: '440100',
    districtCode: '440104',
    address: '广州市越秀区东风中路 305 号',
    lat: 23.1291,
    lng: 113.2668,
    targetGroup: 85,
    outlets: [
      {
        code: 'O-GD-01',
        name: '广州天河家电维修服务部',
        cityCode: '440100',
        districtCode: '440106',
        address: '广州市天河区天河路 228 号',
        lat: 23.1246,
        lng: 113.3612,
        contactName: '陈志强',
      },
      {
        code: 'O-GD-02',
        name: '深圳南山电器特约维修站',
        cityCode: '440300',
        districtCode: '440305',
        address: '深圳市南山区南海大道 2163 号',
        lat: 22.5333,
        lng: 113.9304,
        contactName: '林晓东',
      },
      {
        code: 'O-GD-03',
        name: '佛山禅城售后服务网点',
        cityCode: '440600',
        districtCode: '440604',
        address: '佛山市禅城区汾江中路 85 号',
        lat: 23.0093,
        lng: 113.1224,
        contactName: '黄国华',
      },
      {
        code: 'O-GD-04',
        name: '东莞家电维修中心',
        cityCode: '441900',
        districtCode: '441900',
        address: '东莞市南城区鸿福路 106 号',
        lat: 23.0207,
        lng: 113.7518,
        contactName: '叶伟明',
      },
    ],
  },
  {
    key: 'zj',
    code: 'C-ZJ',
    name: '浙江省服务中心',
    provinceCode: '330000',
    cityCode: '330100',
    districtCode: '330106',
    address: '杭州市西湖区文三路 90 号',
    lat: 30.2775,
    lng: 120.1405,
    targetGroup: 85,
    outlets: [
      {
        code: 'O-ZJ-01',
        name: '杭州拱墅家电服务站',
        cityCode: '330100',
        districtCode: '330105',
        address: '杭州市拱墅区莫干山路 350 号',
        lat: 30.3192,
        lng: 120.1418,
        contactName: '王建军',
      },
      {
        code: 'O-ZJ-02',
        name: '宁波鄞州特约维修部',
        cityCode: '330200',
        districtCode: '330212',
        address: '宁波市鄞州区天童南路 588 号',
        lat: 29.8166,
        lng: 121.547,
        contactName: '周海波',
      },
      {
        code: 'O-ZJ-03',
        name: '温州鹿城电器维修站',
        cityCode: '330300',
        districtCode: '330302',
        address: '温州市鹿城区人民东路 120 号',
        lat: 28.015,
        lng: 120.6551,
        contactName: '郑立新',
      },
    ],
  },
  {
    key: 'sc',
    code: 'C-SC',
    name: '四川省服务中心',
    provinceCode: '510000',
    cityCode: '510100',
    districtCode: '510104',
    address: '成都市锦江区红星路三段 1 号',
    lat: 30.6571,
    lng: 104.0834,
    targetGroup: 85,
    outlets: [
      {
        code: 'O-SC-01',
        name: '成都武侯家电维修服务部',
        cityCode: '510100',
        districtCode: '510107',
        address: '成都市武侯区人民南路四段 27 号',
        lat: 30.6423,
        lng: 104.0432,
        contactName: '李刚',
      },
      {
        code: 'O-SC-02',
        name: '绵阳涪城特约维修站',
        cityCode: '510700',
        districtCode: '510703',
        address: '绵阳市涪城区临园路东段 66 号',
        lat: 31.4555,
        lng: 104.7566,
        contactName: '张勇',
      },
      {
        code: 'O-SC-03',
        name: '南充顺庆售后服务网点',
        cityCode: '511300',
        districtCode: '511302',
        address: '南充市顺庆区人民中路 48 号',
        lat: 30.7955,
        lng: 106.0922,
        contactName: '杨波',
      },
    ],
  },
  {
    key: 'ha',
    code: 'C-HA',
    name: '河南省服务中心',
    provinceCode: '410000',
    cityCode: '410100',
    districtCode: '410105',
    address: '郑州市金水区花园路 39 号',
    lat: 34.8003,
    lng: 113.6606,
    targetGroup: 85,
    outlets: [
      {
        code: 'O-HA-01',
        name: '郑州二七家电维修部',
        cityCode: '410100',
        districtCode: '410103',
        address: '郑州市二七区大学路 80 号',
        lat: 34.7245,
        lng: 113.6402,
        contactName: '刘洋',
      },
      {
        code: 'O-HA-02',
        name: '洛阳涧西特约维修站',
        cityCode: '410300',
        districtCode: '410305',
        address: '洛阳市涧西区中州西路 22 号',
        lat: 34.658,
        lng: 112.3957,
        contactName: '赵磊',
      },
      {
        code: 'O-HA-03',
        name: '新乡红旗售后服务网点',
        cityCode: '410700',
        districtCode: '410702',
        address: '新乡市红旗区人民路 150 号',
        lat: 35.3037,
        lng: 113.875,
        contactName: '孙超',
      },
    ],
  },
  {
    key: 'yn',
    code: 'C-YN',
    name: '云南省服务中心',
    provinceCode: '530000',
    cityCode: '530100',
    districtCode: '530102',
    address: '昆明市五华区东风西路 11 号',
    lat: 25.0431,
    lng: 102.7079,
    targetGroup: 70,
    outlets: [
      {
        code: 'O-YN-01',
        name: '昆明盘龙家电维修服务部',
        cityCode: '530100',
        districtCode: '530103',
        address: '昆明市盘龙区北京路 902 号',
        lat: 25.1165,
        lng: 102.7515,
        contactName: '马俊',
      },
      {
        code: 'O-YN-02',
        name: '大理特约维修站',
        cityCode: '532900',
        districtCode: '532901',
        address: '大理市下关镇建设路 18 号',
        lat: 25.6065,
        lng: 100.2676,
        contactName: '段文华',
      },
      {
        code: 'O-YN-03',
        name: '曲靖麒麟售后服务网点',
        cityCode: '530300',
        districtCode: '530302',
        address: '曲靖市麒麟区南宁北路 75 号',
        lat: 25.4955,
        lng: 103.8048,
        contactName: '何明',
      },
    ],
  },
  {
    key: 'ln',
    code: 'C-LN',
    name: '辽宁省服务中心',
    provinceCode: '210000',
    cityCode: '210100',
    districtCode: '210103',
    address: '沈阳市沈河区市府大路 260 号',
    lat: 41.7951,
    lng: 123.4588,
    targetGroup: 70,
    outlets: [
      {
        code: 'O-LN-01',
        name: '沈阳和平家电维修服务部',
        cityCode: '210100',
        districtCode: '210102',
        address: '沈阳市和平区中华路 118 号',
        lat: 41.7897,
        lng: 123.4204,
        contactName: '高峰',
      },
      {
        code: 'O-LN-02',
        name: '大连中山特约维修站',
        cityCode: '210200',
        districtCode: '210202',
        address: '大连市中山区人民路 56 号',
        lat: 38.9186,
        lng: 121.6441,
        contactName: '于海',
      },
      {
        code: 'O-LN-03',
        name: '鞍山铁东售后服务网点',
        cityCode: '210300',
        districtCode: '210302',
        address: '鞍山市铁东区二一九路 30 号',
        lat: 41.0897,
        lng: 122.991,
        contactName: '韩冰',
      },
    ],
  },
];

/** Surnames and given names for deterministic technician names. */
export const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
];
export const GIVEN = ['伟', '强', '磊', '军', '洋', '勇', '杰', '涛', '明', '超', '斌', '鹏', '辉', '华', '平', '刚'];
