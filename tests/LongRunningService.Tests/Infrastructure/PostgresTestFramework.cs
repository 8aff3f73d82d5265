using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("LongRunningService.Tests.Infrastructure.PostgresTestFramework", "LongRunningService.Tests")]

namespace LongRunningService.Tests.Infrastructure;

/// <summary>Marks a test class whose every test needs PostgreSQL, such as the store matrix's PostgreSQL row.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;

/// <summary>
/// xunit's own framework, except that where PostgreSQL is not installed (and
/// not required, see <see cref="PostgresBinaries"/>) the tests of a class
/// marked <see cref="RequiresPostgresAttribute"/> are reported skipped, with
/// the reason, instead of being run: their [Fact]s are inherited from classes
/// that other stores run too, so they cannot carry the skip themselves.
/// </summary>
public sealed class PostgresTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
    {
        protected override bool FindTestsForMethod(ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            if (PostgresBinaries.SkipReason is { } reason
                && testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any()
                && testMethod.Method.GetCustomAttributes(typeof(FactAttribute)).Any())
            {
                var skipped = new XunitSkippedDataRowTestCase(
                    DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason);
                return ReportDiscoveredTestCase(skipped, includeSourceInformation, messageBus);
            }

            return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
        }
    }
}
