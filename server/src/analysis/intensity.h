#pragma once

#include <optional>

namespace fenghuo::analysis {

// Seismic intensity attenuation for eastern China (North China supplies three quarters of
// its data), from 汪素云, 俞言祥, 高阿甲, 阎秀杰: 中国分区地震动衰减关系的确定, 中国地震
// 16(2):99-106, 2000, the relation behind GB 18306-2001:
//   long axis   I = 5.019 + 1.446 M - 4.136 lg(R + 24)
//   short axis  I = 2.240 + 1.446 M - 3.070 lg(R +  9)
// M surface-wave magnitude, R epicentral distance in km along the axis. The relation has no
// depth term: it was regressed on shallow crustal events (a few to some 30 km deep).
struct IntensityAxes {
  double long_km = 0;
  double short_km = 0;
};

// The intensity predicted at `distance_km` along the long (or short) axis.
double intensity_along_long_axis(double magnitude, double distance_km);
double intensity_along_short_axis(double magnitude, double distance_km);

// The semi-axes of the isoseismal of `intensity`, or nullopt when the earthquake does not
// reach that intensity on both axes.
std::optional<IntensityAxes> isoseismal(double magnitude, int intensity);

}  // namespace fenghuo::analysis
