// CSV written for spreadsheets: quoting, and no cell that a spreadsheet would run.
#include "core/csv.h"

#include <gtest/gtest.h>

namespace fenghuo {
namespace {

TEST(CsvLine, CellsASpreadsheetWouldRunAsFormulasAreWrittenAsText) {
  EXPECT_EQ(csv_line({"=HYPERLINK(\"http://x\")", "+1+1", "@SUM(A1)", "-2+3"}),
            "\"'=HYPERLINK(\"\"http://x\"\")\",'+1+1,'@SUM(A1),'-2+3\r\n");
  EXPECT_EQ(csv_line({"\t=1"}), "'\t=1\r\n");
}

TEST(CsvLine, NumbersAndPlainTextStayAsTheyAre) {
  EXPECT_EQ(csv_line({"-3.5", "112.56", "小店区, 太原", "a=b"}),
            "-3.5,112.56,\"小店区, 太原\",a=b\r\n");
}

}  // namespace
}  // namespace fenghuo
