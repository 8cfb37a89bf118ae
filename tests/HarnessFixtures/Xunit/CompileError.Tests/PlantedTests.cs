using Xunit;

namespace CompileError.Tests
{
    public sealed class PlantedTests
    {
        [Fact]
        public void Would_pass_if_it_compiled()
        {
            // Planted compile error: no such type.
            Assert.True(new NoSuchType().Works);
        }
    }
}
